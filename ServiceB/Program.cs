using ServiceB;

await ServiceBApp.Build(args).RunAsync();
