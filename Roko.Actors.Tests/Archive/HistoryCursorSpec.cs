using Roko.Actors.Archive;
using Xunit;

namespace Roko.Actors.Tests.Archive;

public sealed class HistoryCursorSpec
{
    [Fact]
    public void Decode_should_give_back_what_encode_wrote()
    {
        var (cursor, error) = HistoryCursor.Decode(new HistoryCursor(123_456).Encode());
        Assert.Null(error);
        Assert.Equal(123_456UL, cursor.BeforeHeight);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor!")]
    [InlineData("AQ")]
    public void Decode_should_refuse_text_it_did_not_issue(string text) =>
        Assert.Contains("not a cursor issued by this node", HistoryCursor.Decode(text).Error);

    [Fact]
    public void Decode_should_refuse_another_version()
    {
        string v2 = System.Buffers.Text.Base64Url.EncodeToString([2, 1, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Contains("version 2", HistoryCursor.Decode(v2).Error);
    }
}
