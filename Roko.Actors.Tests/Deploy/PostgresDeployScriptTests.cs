using System.Diagnostics;
using Npgsql;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Deploy;

/// <summary>deploy/postgres/create-node-database.sh against the test PostgreSQL server (.ci/run starts a throwaway one).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PostgresDeployScriptTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    [PostgresFact]
    public async Task Script_should_create_an_owned_database_write_a_private_fragment_and_rotate_on_a_second_run()
    {
        using var dir = new TempDirectory();
        string node = "archive-t" + Guid.NewGuid().ToString("N")[..8];
        string ident = "roko_" + node.Replace('-', '_');
        string fragment = dir.Combine("node.postgres.conf");
        var admin = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString);
        try
        {
            var first = await RunAsync(admin, node, "--out", fragment);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains($"role {ident} created", first.Output);
            Assert.Contains($"database {ident} created", first.Output);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fragment));

            var settings = PersistenceSettings.Create(RokoConfig.Parse(await File.ReadAllTextAsync(fragment)).WithFallback(RokoConfig.Defaults));
            Assert.Equal(PersistenceProvider.PostgreSql, settings.Provider);
            var asNode = new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString);
            Assert.Equal(ident, asNode.Database);
            Assert.Equal(ident, asNode.Username);
            Assert.False(string.IsNullOrEmpty(asNode.Password));

            Assert.Equal(ident, await ScalarAsync(admin.ConnectionString, $"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{ident}'"));
            // The node's role may create its tables in its database (the server trusts loopback, so the password is not checked here).
            var nodeConnection = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = ident, Username = ident };
            await ScalarAsync(nodeConnection.ConnectionString, "CREATE TABLE journal_probe (x int)");
            string password = asNode.Password!;

            var second = await RunAsync(admin, node, "--out", fragment);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("password rotated", second.Output);
            Assert.Contains($"database {ident} exists", second.Output);
            var rotated = PersistenceSettings.Create(RokoConfig.Parse(await File.ReadAllTextAsync(fragment)).WithFallback(RokoConfig.Defaults));
            Assert.NotEqual(password, new NpgsqlConnectionStringBuilder(rotated.PostgresConnectionString).Password);
            Assert.Equal("1", await ScalarAsync(nodeConnection.ConnectionString,
                "SELECT count(*)::text FROM information_schema.tables WHERE table_name = 'journal_probe'"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ScalarAsync(admin.ConnectionString, $"DROP DATABASE IF EXISTS {ident} WITH (FORCE)");
            await ScalarAsync(admin.ConnectionString, $"DROP ROLE IF EXISTS {ident}");
        }
    }

    [Theory]
    [InlineData("Archive-0")]
    [InlineData("0archive")]
    [InlineData("archive_0; DROP DATABASE postgres")]
    [InlineData("")]
    public async Task Script_should_refuse_a_bad_node_name_and_write_nothing(string node)
    {
        using var dir = new TempDirectory();
        string fragment = dir.Combine("node.postgres.conf");

        var run = await RunAsync(new NpgsqlConnectionStringBuilder("Host=127.0.0.1;Port=1;Username=nobody"), node, "--out", fragment);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("NODE_NAME must be", run.Output);
        Assert.False(File.Exists(fragment));
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(NpgsqlConnectionStringBuilder admin, string node, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RepositoryRoot.Combine("deploy", "postgres", "create-node-database.sh"));
        info.ArgumentList.Add(node);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        info.Environment["PGHOST"] = admin.Host;
        info.Environment["PGPORT"] = admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = admin.Username;
        if (!string.IsNullOrEmpty(admin.Password)) info.Environment["PGPASSWORD"] = admin.Password;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(RunTimeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
