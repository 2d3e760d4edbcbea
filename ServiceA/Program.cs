using ServiceA;

await ServiceAApp.Build(args).RunAsync();
