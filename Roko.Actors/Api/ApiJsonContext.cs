using System.Text.Json.Serialization;

namespace Roko.Actors.Api;

/// <summary>System.Text.Json source generation for every body the API reads or writes (and the CLI's client).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(TimeResponse))]
[JsonSerializable(typeof(TransactionRequest))]
[JsonSerializable(typeof(TransactionSubmitted))]
[JsonSerializable(typeof(TransactionRefused))]
[JsonSerializable(typeof(TransactionStatusResponse))]
[JsonSerializable(typeof(BlockResponse))]
[JsonSerializable(typeof(PeersResponse))]
[JsonSerializable(typeof(AlertsResponse))]
[JsonSerializable(typeof(ClusterMembersResponse))]
[JsonSerializable(typeof(ClusterMemberResponse))]
[JsonSerializable(typeof(ClusterMessageResponse))]
[JsonSerializable(typeof(DashboardData))]
[JsonSerializable(typeof(ArchiveStatusResponse))]
[JsonSerializable(typeof(ArchiveBlockResponse))]
[JsonSerializable(typeof(ArchiveBlocksResponse))]
[JsonSerializable(typeof(ArchiveTransactionResponse))]
[JsonSerializable(typeof(AccountHistoryResponse))]
[JsonSerializable(typeof(AccountStateResponse))]
[JsonSerializable(typeof(ValidatorSetResponse))]
[JsonSerializable(typeof(AnalyticsResponse))]
[JsonSerializable(typeof(WanCutRequest))]
[JsonSerializable(typeof(WanCutResponse))]
[JsonSerializable(typeof(ForksResponse))]
[JsonSerializable(typeof(ForkResumeRequest))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
