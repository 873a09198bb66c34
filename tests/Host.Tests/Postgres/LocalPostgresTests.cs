using Npgsql;
using Pulse.Host.Postgres;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Postgres;

public sealed class LocalPostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public void StopAndStart_KeepTheDataAndThePort()
    {
        var db = postgres.NewDatabase();
        Sql.Execute(db, "CREATE TABLE kept (n integer); INSERT INTO kept VALUES (7)");
        var port = postgres.Server.Port;

        postgres.Server.Stop();
        NpgsqlConnection.ClearAllPools();
        Assert.False(postgres.Server.IsRunning);
        Assert.ThrowsAny<NpgsqlException>(() => Sql.Count(db, "kept"));
        postgres.Server.Start();

        Assert.Equal(port, postgres.Server.Port);
        Assert.Equal(7, Sql.Scalar<int>(db, "SELECT n FROM kept"));
    }

    [Fact]
    public void Dispose_DeletesTheServersFolder()
    {
        var server = LocalPostgres.StartNew();
        var folder = server.RootDirectory;
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "PG_VERSION")));

        server.Dispose();

        Assert.False(Directory.Exists(folder));
    }
}
