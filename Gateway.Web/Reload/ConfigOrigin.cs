namespace Gateway.Web.Reload;

/// <summary>Where the running configuration came from: the overlay file, if any, is what reload watches.</summary>
public sealed record ConfigOrigin(string? OverlayPath);
