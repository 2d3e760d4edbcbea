using System.Net;

namespace Gateway.Web.Forwarding;

/// <summary>
/// The one handler every upstream call shares: a proxy passes requests on as they are, so no proxy
/// of its own, no redirects followed, no cookie jar and no decompression.
/// </summary>
public static class UpstreamHandler
{
    public static HttpMessageInvoker CreateInvoker()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Re-resolve names now and then so an upstream that moves is followed.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,
        };
        ClientResponseFields.ReadAsLatin1(handler);
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
