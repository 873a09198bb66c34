// Each test class starts a PostgreSQL server and a Kafka cluster; on a 2-core machine, one class at
// a time keeps the timing-sensitive tests (rebalances, outages, kills) honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
