namespace Gateway.Actors.Tests.WebSockets;

public static class RelayTestConfig
{
    /// <summary>How long a test waits for something that should happen at once, before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
}
