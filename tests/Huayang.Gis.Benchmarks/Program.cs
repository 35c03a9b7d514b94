using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Huayang.Gis.Benchmarks.StoreQueries).Assembly).Run(args);
