using Microsoft.AspNetCore.Http;

namespace Roko.Actors.Api;

/// <summary>Error answers: always JSON <see cref="ApiError"/> with the field (when one is to blame) and the reason.</summary>
public static class ApiResults
{
    public static IResult Error(int status, string message, string? field = null, string? code = null) =>
        Results.Json(new ApiError(message, field, code), ApiJsonContext.Default.ApiError, statusCode: status);

    public static IResult BadField(FieldProblem problem) => Error(StatusCodes.Status400BadRequest, problem.Message, problem.Field);

    public static IResult BadField(string field, string reason) => BadField(new FieldProblem(field, reason));

    public static IResult NotReady(string what) =>
        Error(StatusCodes.Status503ServiceUnavailable, $"the node is not ready yet (recovering its chain); {what} is not available", code: "not_ready");
}
