using Akka.Configuration;
using Gateway.Actors.Configuration;
using Gateway.Actors.WebSockets;

namespace Gateway.Actors.Tests.WebSockets;

public sealed class WebSocketRelaySettingsTests
{
    private static WebSocketRelay.Settings Read(string hocon) =>
        WebSocketRelay.Settings.Create(new ConfigReader(ConfigurationFactory.ParseString(hocon), "gateway.websocket"));

    [Fact]
    public void EmptyBlock_GivesTheDocumentedDefaults()
    {
        var settings = Read("");

        Assert.Equal(4L << 20, settings.MaxMessageBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.KeepAlive);
        Assert.Equal(TimeSpan.Zero, settings.IdleTimeout);
        Assert.Equal(16 << 10, settings.ReceiveBufferBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.CloseTimeout);
    }

    [Fact]
    public void EveryKey_IsRead()
    {
        var settings = Read("""
            max-message-bytes = 1m
            keep-alive = 15s
            idle-timeout = 10m
            receive-buffer-bytes = 64k
            close-timeout = 2s
            """);

        Assert.Equal(1L << 20, settings.MaxMessageBytes);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.KeepAlive);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.IdleTimeout);
        Assert.Equal(64 << 10, settings.ReceiveBufferBytes);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.CloseTimeout);
    }

    [Fact]
    public void RouteBlock_OverridesTheGlobalOneKeyByKey()
    {
        var config = ConfigurationFactory.ParseString("""
            gateway.websocket { max-message-bytes = 1m, idle-timeout = 5m }
            gateway.routes.chat.websocket { idle-timeout = 1h }
            """);
        var global = new ConfigReader(config.GetConfig("gateway.websocket"), "gateway.websocket");
        var route = new ConfigReader(config.GetConfig("gateway.routes.chat.websocket"), "gateway.routes.chat.websocket");

        var settings = WebSocketRelay.Settings.Create(route.Over(global));

        Assert.Equal((1L << 20, TimeSpan.FromHours(1)), (settings.MaxMessageBytes, settings.IdleTimeout));
    }

    [Theory]
    [InlineData("max-message-bytes = 4mb", "gateway.websocket.max-message-bytes")]
    [InlineData("max-message-bytes = 0", "gateway.websocket.max-message-bytes")]
    [InlineData("keep-alive = -1s", "gateway.websocket.keep-alive")]
    [InlineData("idle-timeout = soon", "gateway.websocket.idle-timeout")]
    [InlineData("receive-buffer-bytes = 100", "gateway.websocket.receive-buffer-bytes")]
    [InlineData("receive-buffer-bytes = 2m", "gateway.websocket.receive-buffer-bytes")]
    [InlineData("close-timeout = 0s", "gateway.websocket.close-timeout")]
    [InlineData("max-mesage-bytes = 1m", "gateway.websocket.max-mesage-bytes")]
    public void BadValueOrUnknownKey_FailsNamingTheKey(string hocon, string key)
    {
        var error = Assert.Throws<ConfigException>(() => Read(hocon));

        Assert.Equal(key, error.Key);
    }
}
