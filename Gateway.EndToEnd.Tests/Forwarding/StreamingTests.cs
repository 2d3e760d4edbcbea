using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Forwarding;

/// <summary>Bodies stream through both ways: the first byte is not held back, and size does not cost memory.</summary>
[Collection(MemoryHeavy.Name)]
public sealed class StreamingTests() : GatewayWithTestUpstream(clientTimeout: TimeSpan.FromMinutes(3))
{
    private const long TransferBytes = 384L * 1024 * 1024;
    // Far below the transfer size: a gateway that buffered a body whole could not stay under it.
    private const long FlatLimit = 96L * 1024 * 1024;

    [Fact]
    public async Task FirstByte_ReachesClient_BeforeUpstreamFinishes()
    {
        using var response = await Client.GetAsync(Gateway.Url("/up/first-byte"), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[1];

        // The upstream holds the rest of its body until released; the first byte must already be here.
        var read = await body.ReadAsync(first).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, read);
        Assert.Equal((byte)'F', first[0]);
        Upstream.ReleaseBody.SetResult();
        Assert.Equal("inished", await new StreamReader(body).ReadToEndAsync());
    }

    [Fact]
    public async Task FirstUploadBytes_ReachUpstream_BeforeTheClientFinishesSending()
    {
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var content = new TwoPartContent("F", rest.Task, "inished");
        var post = Client.PostAsync(Gateway.Url("/up/first-upload-byte"), content);

        // The client holds back the rest of its body; what it sent so far must already be upstream.
        Assert.Equal("F", await Upstream.FirstUploadBytes.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        rest.SetResult();

        using var response = await post.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Finished", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A chunked body sent in two parts, the second only once <c>release</c> completes.</summary>
    private sealed class TwoPartContent(string first, Task release, string second) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(first));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(second));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task LargeDownload_StreamsWithFlatMemory()
    {
        await using var memory = new MemorySampler();
        using var response = await Client.GetAsync(Gateway.Url($"/up/download/{TransferBytes}"), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        var received = await CountAsync(body);

        await memory.DisposeAsync();
        Assert.Equal(TransferBytes, received);
        AssertStayedFlat(memory);
    }

    [Fact]
    public async Task LargeUpload_StreamsWithFlatMemory()
    {
        await using var memory = new MemorySampler();
        using var content = new StreamContent(new PatternStream(TransferBytes), 64 * 1024);

        using var response = await Client.PostAsync(Gateway.Url("/up/upload"), content);

        await memory.DisposeAsync();
        var result = await response.Content.ReadFromJsonAsync<UploadResult>();
        Assert.Equal(TransferBytes, result!.Received);
        AssertStayedFlat(memory);
    }

    private static void AssertStayedFlat(MemorySampler memory)
    {
        Assert.True(memory.HeapGrowth < FlatLimit, $"managed heap grew by {memory.HeapGrowth / (1024 * 1024)} MiB");
        Assert.True(memory.WorkingSetGrowth < FlatLimit, $"working set grew by {memory.WorkingSetGrowth / (1024 * 1024)} MiB");
    }

    private static async Task<long> CountAsync(Stream body)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) total += read;
        return total;
    }

    private sealed record UploadResult(long Received);
}

/// <summary>Memory-measuring tests run alone, so another test's allocations do not count against them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryHeavy
{
    public const string Name = "memory-heavy";
}
