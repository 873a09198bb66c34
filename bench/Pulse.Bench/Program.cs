Console.WriteLine("Pulse benchmarks: see docs/BENCHMARKS.md");
