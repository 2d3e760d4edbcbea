using YarpHost;

return await YarpApp.RunAsync(args);
