using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Forwarding;

/// <summary>
/// RFC 9110 §7.6.1: a proxy drops every field that any <c>Connection</c> value names, whatever else
/// that value lists and however many Connection lines there are. Raw sockets on both sides, because
/// HttpClient and Kestrel rewrite Connection themselves.
/// </summary>
public sealed class ConnectionHeaderTests : GatewayWithTestUpstream
{
    [Theory]
    [InlineData("Connection: keep-alive, X-Drop-Me")]
    [InlineData("Connection: X-Drop-Me, keep-alive")]
    [InlineData("Connection: close, X-Drop-Me")]
    [InlineData("Connection: keep-alive\nConnection: X-Drop-Me")]
    [InlineData("Connection: keep-alive,X-Other ,  x-drop-me")]
    public async Task Rfc9110_7_6_1_EveryFieldNamedInAnyConnectionValue_IsDroppedFromTheRequest(string connection)
    {
        await using var client = await RawHttpClient.ConnectAsync(Gateway.Address);
        await client.SendAsync($"""
            GET /up/echo HTTP/1.1
            Host: {Gateway.Address.Authority}
            {connection}
            X-Drop-Me: 1
            X-Other: 2
            X-Kept: 3


            """);

        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        var echo = JsonSerializer.Deserialize<EchoedRequest>(response.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Null(echo.Header("X-Drop-Me"));
        Assert.Null(echo.Header("Connection"));
        Assert.Equal("3", echo.Header("X-Kept"));
    }

    [Fact]
    public async Task Rfc9110_7_6_1_WhatOneRequestsConnectionNamed_IsNotDroppedFromTheNextOnTheSameConnection()
    {
        await using var client = await RawHttpClient.ConnectAsync(Gateway.Address);
        EchoedRequest? last = null;
        foreach (var connection in new[] { "keep-alive, X-Drop-Me", "keep-alive" })
        {
            await client.SendAsync($"GET /up/echo HTTP/1.1\nHost: {Gateway.Address.Authority}\nConnection: {connection}\nX-Drop-Me: 1\n\n");
            last = JsonSerializer.Deserialize<EchoedRequest>((await client.ReadResponseAsync()).Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        }

        Assert.Equal("1", last!.Header("X-Drop-Me"));
    }
}

public sealed class ResponseConnectionHeaderTests
{
    [Theory]
    [InlineData("Connection: keep-alive, X-Hop")]
    [InlineData("Connection: X-Hop, keep-alive")]
    [InlineData("Connection: close, X-Hop")]
    [InlineData("Connection: keep-alive\nConnection: X-Hop")]
    public async Task Rfc9110_7_6_1_EveryFieldNamedInAnyConnectionValue_IsDroppedFromTheResponse(string connection)
    {
        await using var raw = new RawHttpUpstream($"""
            HTTP/1.1 200 OK
            Content-Length: 2
            {connection}
            X-Hop: secret
            X-End-To-End: kept

            ok
            """);
        await using var gateway = await TestGateway.StartForAsync(raw.Address);

        var response = await RawHttpClient.GetAsync(gateway, "/up/anything");

        Assert.Equal("ok", response.Body);
        Assert.Equal("kept", response.Header("X-End-To-End"));
        Assert.Null(response.Header("X-Hop"));
    }
}
