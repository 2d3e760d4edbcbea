using System.Net;
using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>
/// `GATEWAY_NODES=3 dotnet run --project Gateway.AppHost` starts three gateways on 8000, 8010 and
/// 8020 that form one cluster (cluster ports 4053-4055, the first the seed). Skipped, with the
/// reason, where one of those ports is taken.
/// </summary>
[Collection(AppHostRuns.Name)]
public sealed class AppHostClusterTests
{
    private static readonly int[] GatewayPorts = [8000, 8010, 8020];
    private static readonly int[] AppPorts = [.. GatewayPorts, 8001, 8002, 4053, 4054, 4055];

    [SkippableFact]
    public async Task WithThreeGatewayNodes_AppHost_StartsThreeGateways_ThatFormOneCluster_AndServe()
    {
        var reason = AppHostRun.SkipReason([.. AppPorts, .. AppHostRun.DashboardPorts]);
        Skip.If(reason is not null, reason);

        await using var appHost = AppHostRun.Start(new Dictionary<string, string> { ["GATEWAY_NODES"] = "3" });
        using var client = TestClients.Http(TimeSpan.FromSeconds(5));

        // Each node's status: three members, all up (a node is ready only once it is an up member).
        foreach (var port in GatewayPorts)
        {
            var members = await appHost.UntilAsync(async () =>
            {
                var cluster = (await client.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/_gateway/status.json")).GetProperty("cluster");
                if (cluster.ValueKind != JsonValueKind.Object) return null;
                var list = cluster.GetProperty("members").EnumerateArray().ToList();
                return list.Count == 3 && list.All(m => m.GetProperty("status").GetString() == "up") ? list : null;
            }, TimeSpan.FromSeconds(150));
            Assert.Equal(
                ["akka.tcp://gateway@127.0.0.1:4053", "akka.tcp://gateway@127.0.0.1:4054", "akka.tcp://gateway@127.0.0.1:4055"],
                members.Select(m => m.GetProperty("address").GetString()).Order());
        }

        // Each node routes to the demo services.
        foreach (var port in GatewayPorts)
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{port}/service-a/items/7");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await appHost.StopAsync(AppPorts);
    }
}
