using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Caching;

/// <summary>
/// A request of the gateway's own, made from a client's (a background refresh): the same method, URI, fields
/// and peer, so the upstream sees the request the client made, on a context that outlives the client's and
/// whose response goes nowhere (its body is discarded; what the cache needs it copies on the way).
/// </summary>
public static class BackgroundRequest
{
    public static HttpContext CopyOf(HttpContext client)
    {
        var context = new DefaultHttpContext { RequestServices = client.RequestServices };
        var from = client.Request;
        var request = context.Request;
        request.Method = from.Method;
        request.Scheme = from.Scheme;
        request.Host = from.Host;
        request.PathBase = from.PathBase;
        request.Path = from.Path;
        request.QueryString = from.QueryString;
        request.Protocol = from.Protocol;
        foreach (var (name, values) in from.Headers) request.Headers[name] = values;
        var connection = context.Connection;
        connection.RemoteIpAddress = client.Connection.RemoteIpAddress;
        connection.RemotePort = client.Connection.RemotePort;
        connection.LocalIpAddress = client.Connection.LocalIpAddress;
        connection.LocalPort = client.Connection.LocalPort;
        context.Response.Body = Stream.Null;
        return context;
    }
}
