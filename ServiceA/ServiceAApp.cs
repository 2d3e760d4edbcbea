using ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceA;

/// <summary>Demo HTTP service behind the gateway: items by id, a user list, a health check.</summary>
public static class ServiceAApp
{
    public const string DefaultUrl = "http://localhost:8001";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.AddServiceTelemetry("service-a");
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.MapGet("/items/{item_id}", (string item_id) => Results.Json(new Item(item_id, $"Item {item_id}", ItemCatalog.PriceOf(item_id))));
        app.MapGet("/users", () => Results.Json(ItemCatalog.Users));
        app.MapGet("/healthz", () => Results.Json(new Health("ok", "service-a")));
        return app;
    }
}

public sealed record Item(string item_id, string name, decimal price);

public sealed record User(int id, string name, string email);

public sealed record Health(string status, string service);

internal static class ItemCatalog
{
    public static readonly IReadOnlyList<User> Users =
    [
        new(1, "Ada Lovelace", "ada@example.com"),
        new(2, "Alan Turing", "alan@example.com"),
        new(3, "Grace Hopper", "grace@example.com"),
    ];

    // A stable price per id, so repeated calls show the same item.
    public static decimal PriceOf(string id) => (Math.Abs(StringComparer.Ordinal.GetHashCode(id) % 10000) + 100) / 100m;
}
