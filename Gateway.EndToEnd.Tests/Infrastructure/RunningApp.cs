using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>A started ASP.NET app on an ephemeral loopback port, stopped when disposed.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private RunningApp(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }
    public Uri Address { get; }

    public Uri Url(string pathAndQuery) => new(Address, pathAndQuery);

    public static async Task<RunningApp> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        var server = app.Services.GetRequiredService<IServer>();
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningApp(app, new Uri(address.Replace("[::]", "127.0.0.1") + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await App.StopAsync(grace.Token);
        await App.DisposeAsync();
    }

    public const string LoopbackUrls = "http://127.0.0.1:0";
}
