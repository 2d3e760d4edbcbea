namespace Gateway.EndToEnd.Tests.Operations.Support;

/// <summary>
/// For state that other threads publish on their own schedule (the stats poller, the page's poll):
/// asks again every 50 ms until the answer is right, and fails with the last answer after a bound.
/// </summary>
public static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> isRight, string what, TimeSpan? timeout = null, Func<T, string>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        T last;
        do
        {
            last = await read();
            if (isRight(last)) return last;
        }
        while (DateTime.UtcNow < deadline && await tick.WaitForNextTickAsync());
        throw new Xunit.Sdk.XunitException($"{what}: still not so after {(timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds}s; last: {(describe is null ? last : describe(last))}");
    }
}
