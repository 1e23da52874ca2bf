using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Roko.Actors.Api;

/// <summary>
/// Guards a write endpoint with <c>Authorization: Bearer &lt;roko.http.token&gt;</c>: 401 without or with a wrong
/// token, 403 when the node has no token configured (then nobody may write). The request is not looked at further.
/// </summary>
public sealed class BearerTokenFilter(HttpApiSettings settings) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (settings.Token is not { } expected)
            return ApiResults.Error(StatusCodes.Status403Forbidden,
                $"writes are disabled: no token is configured (set roko.http.token or {HttpApiSettings.TokenEnvironmentVariable})", "Authorization");
        string header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiResults.Error(StatusCodes.Status401Unauthorized, "header 'Authorization': expected 'Bearer <token>'", "Authorization");
        }
        var given = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        if (!CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(expected)))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return ApiResults.Error(StatusCodes.Status401Unauthorized, "header 'Authorization': the bearer token is not this node's token", "Authorization");
        }
        return await next(context);
    }
}
