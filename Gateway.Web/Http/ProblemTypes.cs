using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Http;

/// <summary>
/// The problem <c>type</c> for statuses the framework has no default link for (it knows those RFC 9110
/// defines); without one a body would go out with no type at all.
/// </summary>
public static class ProblemTypes
{
    public const string TooManyRequests = "https://www.rfc-editor.org/rfc/rfc6585#section-4";

    public static string? For(int status) => status == StatusCodes.Status429TooManyRequests ? TooManyRequests : null;
}
