using Microsoft.Data.Sqlite;
using Roko.Actors.Cli;
using Roko.Actors.Devnet;
using Roko.Actors.Persistence;
using Roko.Actors.Tests.Support;
using Roko.Actors.Verification;
using Xunit;

namespace Roko.Actors.Tests.Verification;

/// <summary>`roko chain verify` over a real devnet data dir, then the same dir with one block removed or altered.</summary>
public sealed class ChainVerifyTamperTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private string Database => Path.Combine(_dir.Path, "validator-0", "chain.db");

    public async Task InitializeAsync()
    {
        var options = new DevnetOptions(_dir.Path, Validators: 1, Duration: TimeSpan.FromSeconds(6), TxRate: 30, Wan: false, HttpPort: 0, Archives: 0, Light: 0);
        var summary = await DevnetRunner.RunAsync(options, TextWriter.Null, CancellationToken.None);
        Assert.True(summary.FinalizedHeight >= 3, $"devnet reached only height {summary.FinalizedHeight}");
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private int Execute(string sql)
    {
        using var db = new SqliteConnection($"Data Source={Database}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private ChainVerdict Verify()
    {
        var genesis = new DevnetLayout(_dir.Path).LoadGenesis();
        return ChainVerifier.Verify("validator-0", genesis, ChainJournal.ReadFile(Database, genesis.ChainId));
    }

    [Fact]
    public void Chain_verify_should_accept_an_untouched_chain()
    {
        Assert.Equal(ExitCodes.Success, ChainVerifyCommand.Run(_dir.Path));
        Assert.True(Verify().IsValid);
    }

    [Fact]
    public void Chain_verify_should_name_a_removed_block()
    {
        Assert.Equal(1, Execute("DELETE FROM journal WHERE sequence_number = 2"));
        var verdict = Verify();
        Assert.False(verdict.IsValid);
        Assert.Equal(2UL, verdict.BadHeight);
        Assert.Contains("block 2 is missing", verdict.Problem);
        Assert.Equal(ExitCodes.Failure, ChainVerifyCommand.Run(_dir.Path));
    }

    [Fact]
    public void Chain_verify_should_name_an_altered_block()
    {
        // Flip one byte of block 3's stored encoding, inside its header (past the block and header tags and versions).
        const int Offset = 40;
        using (var db = new SqliteConnection($"Data Source={Database}"))
        {
            db.Open();
            using var read = db.CreateCommand();
            read.CommandText = "SELECT message FROM journal WHERE sequence_number = 3";
            var bytes = (byte[])read.ExecuteScalar()!;
            bytes[Offset] ^= 0xFF;
            using var write = db.CreateCommand();
            write.CommandText = "UPDATE journal SET message = $m WHERE sequence_number = 3";
            write.Parameters.AddWithValue("$m", bytes);
            Assert.Equal(1, write.ExecuteNonQuery());
        }
        var verdict = Verify();
        Assert.False(verdict.IsValid);
        Assert.Equal(3UL, verdict.BadHeight);
        Assert.Equal(ExitCodes.Failure, ChainVerifyCommand.Run(_dir.Path));
    }
}
