namespace Gateway.EndToEnd.Tests.Infrastructure;

public static class WebSocketUrls
{
    /// <summary>The app's <c>ws://</c> URL for a path: its HTTP URL with the scheme a ClientWebSocket dials.</summary>
    public static Uri WsUrl(this RunningApp app, string pathAndQuery) => new UriBuilder(app.Url(pathAndQuery)) { Scheme = "ws" }.Uri;
}
