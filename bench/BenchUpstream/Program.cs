using BenchUpstream;

await UpstreamApp.Build(args).RunAsync();
