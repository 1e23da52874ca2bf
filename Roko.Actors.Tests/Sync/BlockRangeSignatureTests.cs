using Roko.Actors.Crypto;
using Roko.Actors.Sync;
using Xunit;
using static Roko.Actors.Sync.BlockSyncProtocol;

namespace Roko.Actors.Tests.Sync;

public sealed class BlockRangeSignatureTests
{
    private const string ChainId = "roko-test";
    private static readonly SigningKey Peer = SigningKey.FromSeed("range-signature/peer");
    private static readonly SigningKey Stranger = SigningKey.FromSeed("range-signature/stranger");
    private static readonly BlockRange Answer = new(7, 42, [[1, 2, 3], [4, 5]]);

    private static BlockRange Signed => BlockRangeSignature.Sign(Answer, ChainId, Peer);

    [Fact]
    public void Check_should_accept_an_answer_signed_by_the_peer_it_was_asked_of()
    {
        Assert.Null(BlockRangeSignature.Check(Signed, ChainId, Peer.PublicKey));
        Assert.Equal(Peer.PublicKey.ToArray(), Signed.Signer);
    }

    [Fact]
    public void Check_should_refuse_an_answer_as_unsigned_when_it_carries_no_signer_or_no_signature()
    {
        Assert.Equal(SyncRefusalReason.Unsigned, BlockRangeSignature.Check(Answer, ChainId, Peer.PublicKey)?.Reason);
        var noSignature = BlockRangeSignature.Check(Signed with { Signature = null }, ChainId, Peer.PublicKey);
        Assert.Equal(SyncRefusalReason.Unsigned, noSignature?.Reason);
        Assert.Contains("signature", noSignature!.Detail);
    }

    [Fact]
    public void Check_should_refuse_an_answer_signed_by_another_key_than_the_peers_handshake_key()
    {
        var refusal = BlockRangeSignature.Check(BlockRangeSignature.Sign(Answer, ChainId, Stranger), ChainId, Peer.PublicKey);
        Assert.Equal(SyncRefusalReason.WrongSigner, refusal?.Reason);
        Assert.Contains(Stranger.PublicKey.Bytes.Short, refusal!.Detail);
        Assert.Equal(SyncRefusalReason.WrongSigner, BlockRangeSignature.Check(Signed with { Signer = [1, 2, 3] }, ChainId, Peer.PublicKey)?.Reason);
    }

    [Fact]
    public void Check_should_refuse_as_forged_an_answer_whose_content_changed_after_signing()
    {
        var signed = Signed;
        Assert.Equal(SyncRefusalReason.ForgedSignature, BlockRangeSignature.Check(signed with { Blocks = [[1, 2, 3], [4, 6]] }, ChainId, Peer.PublicKey)?.Reason);
        Assert.Equal(SyncRefusalReason.ForgedSignature, BlockRangeSignature.Check(signed with { Blocks = [[1, 2, 3]] }, ChainId, Peer.PublicKey)?.Reason);
        Assert.Equal(SyncRefusalReason.ForgedSignature, BlockRangeSignature.Check(signed with { RequestId = 8 }, ChainId, Peer.PublicKey)?.Reason);
        Assert.Equal(SyncRefusalReason.ForgedSignature, BlockRangeSignature.Check(signed with { From = 43 }, ChainId, Peer.PublicKey)?.Reason);
        Assert.Equal(SyncRefusalReason.ForgedSignature, BlockRangeSignature.Check(signed, "other-chain", Peer.PublicKey)?.Reason);
        var flipped = signed.Signature!.ToArray();
        flipped[0] ^= 1;
        Assert.Equal(SyncRefusalReason.ForgedSignature, BlockRangeSignature.Check(signed with { Signature = flipped }, ChainId, Peer.PublicKey)?.Reason);
        Assert.Equal(SyncRefusalReason.ForgedSignature, BlockRangeSignature.Check(signed with { Signature = [1] }, ChainId, Peer.PublicKey)?.Reason);
    }
}
