namespace Gateway.AppHost;

internal static class PlainHttpProjects
{
    /// <summary>
    /// The project listens on its fixed port over plain HTTP, with no HTTPS certificate configured.
    /// Aspire warns that no trusted development certificate exists (in the log and as a dashboard
    /// banner) only when some resource uses TLS; with none, it has nothing to warn about.
    /// </summary>
    public static IResourceBuilder<ProjectResource> OnPlainHttp(this IResourceBuilder<ProjectResource> project, int port) =>
#pragma warning disable ASPIRECERTIFICATES001 // evaluation API; the one switch that keeps TLS configuration off a resource
        project.WithHttpEndpoint(port: port, isProxied: false).WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001
}
