using Gateway.Web.Hosting;

return await GatewayHost.RunAsync(args);
