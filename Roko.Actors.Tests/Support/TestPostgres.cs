using Npgsql;
using Roko.Actors.Tests.Monitoring;
using Xunit;

namespace Roko.Actors.Tests.Support;

/// <summary>
/// The PostgreSQL server the archive suite may use: <see cref="EnvironmentVariable"/> holds a connection string to it
/// with a role that may create databases (.ci/run starts a throwaway server and sets it). Without it the PostgreSQL
/// cases skip, except under <c>CI=true</c> or <see cref="RequiredVariable"/>=1 (.ci/run sets it), where they run and
/// fail; with it set but the server unreachable they fail too (creating the test database throws).
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "ROKO_TEST_POSTGRES";

    /// <summary>Set to 1 by .ci/run, so a PostgreSQL server it could not start fails the PostgreSQL cases instead of dropping them.</summary>
    public const string RequiredVariable = "ROKO_TEST_POSTGRES_REQUIRED";

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Whether PostgreSQL cases run: with a server, or in CI or when required (where a missing server is a failure).</summary>
    public static bool CasesRun => ServerConnectionString is not null || HostTool.RunningInCi || Required;

    public static bool Required => Environment.GetEnvironmentVariable(RequiredVariable) == "1";

    public static string MissingReason =>
        $"{EnvironmentVariable} is not set (connection string of a PostgreSQL server; .ci/run starts a throwaway one)";
}

/// <summary>A fact about PostgreSQL: skipped without <see cref="TestPostgres.EnvironmentVariable"/>, failed without it under <c>CI=true</c>.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestPostgres.CasesRun) Skip = TestPostgres.MissingReason + " (set CI=true to make this a failure)";
    }
}

/// <summary>A fresh database on the test server (roko_test_&lt;guid&gt;), dropped on dispose.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        string server = TestPostgres.ServerConnectionString ?? throw new InvalidOperationException(TestPostgres.MissingReason);
        string name = "roko_test_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new PostgresTestDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
