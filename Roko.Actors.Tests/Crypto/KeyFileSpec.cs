using System.Text.Json.Nodes;
using Roko.Actors.Crypto;
using Xunit;

namespace Roko.Actors.Tests.Crypto;

public sealed class KeyFileSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("roko-keyfile-").FullName;
    private string PathFor(string name) => Path.Combine(_dir, name);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_should_create_the_file_with_mode_0600()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = PathFor("k.json");
        KeyFile.Write(path, SigningKey.FromSeed("k"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_written_key_should_load_back_as_the_same_key()
    {
        var path = PathFor("sub/dir/k.json");
        var key = SigningKey.FromSeed("round-trip");
        KeyFile.Write(path, key);
        var loaded = KeyFile.Load(path);
        Assert.Equal(key.PublicKey, loaded.PublicKey);
        Assert.Equal(key.Sign([1, 2]), loaded.Sign([1, 2]));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(KeyFile.Format, (string?)json["format"]);
        Assert.Equal(key.PublicKey.ToAddress().ToString(), (string?)json["address"]);
    }

    [Fact]
    public void Write_should_refuse_to_overwrite_an_existing_file()
    {
        var path = PathFor("k.json");
        KeyFile.Write(path, SigningKey.FromSeed("first"));
        var e = Assert.Throws<KeyFileException>(() => KeyFile.Write(path, SigningKey.FromSeed("second")));
        Assert.Contains("refusing to overwrite", e.Message);
        Assert.Equal(SigningKey.FromSeed("first").PublicKey, KeyFile.Load(path).PublicKey);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.OtherWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.GroupExecute)]
    public void Load_should_refuse_a_key_that_group_or_others_can_access(UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) return;
        var path = PathFor("k.json");
        KeyFile.Write(path, SigningKey.FromSeed("k"));
        File.SetUnixFileMode(path, mode);
        var e = Assert.Throws<KeyFileException>(() => KeyFile.Load(path));
        Assert.Contains("accessible by group or others", e.Message);
        Assert.Contains("chmod 600", e.Message);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Load_should_refuse_a_public_key_that_does_not_match_the_private_key()
    {
        var path = PathFor("k.json");
        KeyFile.Write(path, SigningKey.FromSeed("k"));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["public_key"] = SigningKey.FromSeed("other").PublicKey.ToString();
        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<KeyFileException>(() => KeyFile.Load(path));
        Assert.Contains("does not match", e.Message);
    }

    [Theory]
    [InlineData("not json", "not valid key JSON")]
    [InlineData("""{"format":"other/v9","public_key":"00","address":"x","private_key":"00"}""", "format is 'other/v9'")]
    [InlineData("""{"format":"roko-key/v1","public_key":"00","address":"x","private_key":"zz"}""", "not hexadecimal")]
    [InlineData("""{"format":"roko-key/v1","public_key":"00","address":"x","private_key":"0011"}""", "must be 32 bytes")]
    public void Load_should_refuse_malformed_files_with_a_reason(string content, string reason)
    {
        var path = PathFor("k.json");
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var e = Assert.Throws<KeyFileException>(() => KeyFile.Load(path));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Load_should_refuse_a_missing_file()
    {
        Assert.Contains("does not exist", Assert.Throws<KeyFileException>(() => KeyFile.Load(PathFor("none.json"))).Message);
    }
}
