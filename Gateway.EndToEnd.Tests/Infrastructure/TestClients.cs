using System.Net;
using System.Net.Sockets;

namespace Gateway.EndToEnd.Tests.Infrastructure;

public static class TestClients
{
    /// <summary>A plain client: no proxy from the environment, no redirects, no cookies.</summary>
    public static HttpClient Http(TimeSpan? timeout = null) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    /// <summary>A loopback port with nothing listening on it.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
