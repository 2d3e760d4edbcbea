using Akka.Cluster;

namespace Gateway.Web.Status;

/// <summary>The lower-case words status.json and the status page use for a member's state.</summary>
public static class ClusterStatusLabel
{
    public const string Unreachable = "unreachable";

    public static string Of(MemberStatus status) => status switch
    {
        MemberStatus.Joining => "joining",
        MemberStatus.WeaklyUp => "weakly-up",
        MemberStatus.Up => "up",
        MemberStatus.Leaving => "leaving",
        MemberStatus.Exiting => "exiting",
        MemberStatus.Down => "down",
        MemberStatus.Removed => "removed",
        _ => status.ToString().ToLowerInvariant(),
    };
}
