namespace Gateway.AppHost;

/// <summary>The fixed ports of the three apps; the same as their own defaults.</summary>
internal static class AppPorts
{
    public const int Gateway = 8000;
    public const int ServiceA = 8001;
    public const int ServiceB = 8002;
}
