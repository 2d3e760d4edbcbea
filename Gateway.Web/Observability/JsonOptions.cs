using System.Text.Json;

namespace Gateway.Web.Observability;

internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
