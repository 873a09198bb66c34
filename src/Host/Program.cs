using Pulse.Host.Commands;

return await PulseCli.Create().Parse(args).InvokeAsync(PulseCli.Invocation()).ConfigureAwait(false);
