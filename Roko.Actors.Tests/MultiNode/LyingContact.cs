using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.LightClient;
using Roko.Actors.Nodes;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// A test-only contact that lies: a one-member cluster of its own with a ClusterClientReceptionist and the services a
/// validator registers (/user/node/light-access, /user/node/header-feed). It serves the real checkpoint block, then
/// for every later request the next forgery of <see cref="Forgeries"/>; once they are used up it claims its head is
/// the checkpoint (it withholds headers). Every account proof it serves is tampered (the balance is raised by one base
/// unit). <see cref="StartServingAsync"/> makes one that serves given light blocks instead (e.g. a validly certified fork).
/// </summary>
public sealed class LyingContact : IAsyncDisposable
{
    private const string Hocon = """
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
        """;

    /// <summary>What each forgery of a real block does, in the order served, with the refusal it must draw.</summary>
    public static readonly (string Name, LightRefusalReason Expected)[] Forgeries =
    [
        ("signed by non-validators", LightRefusalReason.UnknownSigner),
        ("signed by one validator of four", LightRefusalReason.NotEnoughStake),
        ("served with another validator set", LightRefusalReason.WrongValidatorSetHash),
        ("previous hash broken, signed by every validator", LightRefusalReason.BrokenHashLink),
    ];

    private LyingContact(ActorSystem system) => System = system;

    public ActorSystem System { get; }
    public ActorPath Receptionist => ActorPath.Parse($"{Cluster.Get(System).SelfAddress}/system/receptionist");

    /// <param name="checkpoint">The real block at the checkpoint height, its validator set, and the state after it.</param>
    /// <param name="next">The real block one above the checkpoint, which the forgeries are made from.</param>
    public static Task<LyingContact> StartAsync(LightBlock checkpoint, LedgerState stateAtCheckpoint, Block next,
        IReadOnlyList<SigningKey> validatorKeys) =>
        StartServingAsync(checkpoint, stateAtCheckpoint, Forge(next, checkpoint.Validators, validatorKeys), repeatLast: false);

    /// <summary>
    /// A contact that serves the real checkpoint, then <paramref name="served"/> one per request past it. Used up, it
    /// serves the last of them again when <paramref name="repeatLast"/> (a primary on a fork), otherwise nothing, claiming
    /// the checkpoint as its head (a primary that withholds headers; with none served, from the start).
    /// <paramref name="claimedHead"/>, when given, is the head it claims in every answer and on its feed (a primary on a
    /// fork claims to be as far as the chain it pretends to follow).
    /// </summary>
    public static async Task<LyingContact> StartServingAsync(LightBlock checkpoint, LedgerState stateAtCheckpoint, IReadOnlyList<LightBlock> served,
        bool repeatLast, ulong? claimedHead = null)
    {
        var config = ConfigurationFactory.ParseString(Hocon).WithFallback(ConfigurationFactory.ParseString(ClusterHarness.TestHocon))
            .WithFallback(RokoConfig.Defaults).WithFallback(ClusterToolsConfig.Defaults);
        var system = ActorSystem.Create("liar", config);
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        system.ActorOf(Props.Create(() => new Services(checkpoint, stateAtCheckpoint, served, repeatLast, claimedHead)), "node");
        return new LyingContact(system);
    }

    private static List<LightBlock> Forge(Block next, ValidatorSet validators, IReadOnlyList<SigningKey> keys)
    {
        var real = new LightBlock(next.Header, next.Commit, validators);
        var outsiders = Enumerable.Range(10, keys.Count).Select(i => SigningKey.FromSeed($"outsider-{i}")).ToList();
        var broken = Headers.With(next.Header, previousHash: Sha256.Hash([7]));
        return
        [
            real with { Commit = BlockBuilder.Commit(next.Header, outsiders) },
            real with { Commit = BlockBuilder.Commit(next.Header, keys.Take(1)) },
            real with { Validators = new ValidatorSet(validators.Validators.Skip(1)) },
            new LightBlock(broken, BlockBuilder.Commit(broken, keys), validators),
        ];
    }

    public async ValueTask DisposeAsync() => await System.Terminate().WaitAsync(TimeSpan.FromSeconds(15));

    private static EncodedLightBlock Encode(LightBlock b) =>
        new(b.Header.Encode(), LightBlockEncoding.EncodeCertificate(b.Commit), LightBlockEncoding.EncodeValidators(b.Validators));

    /// <summary>/user/node: starts the two lying services and registers them with the receptionist.</summary>
    private sealed class Services : ReceiveActor
    {
        public Services(LightBlock checkpoint, LedgerState state, IReadOnlyList<LightBlock> forged, bool repeatLast, ulong? claimedHead)
        {
            var receptionist = ClusterClientReceptionist.Get(Context.System);
            receptionist.RegisterService(Context.ActorOf(Props.Create(() => new LyingAccess(checkpoint, state, forged, repeatLast, claimedHead)), LightAccessName));
            receptionist.RegisterService(Context.ActorOf(Props.Create(() => new LyingFeed(claimedHead ?? checkpoint.Height)), HeaderFeedName));
        }
    }

    private sealed class LyingAccess : ReceiveActor
    {
        public LyingAccess(LightBlock checkpoint, LedgerState state, IReadOnlyList<LightBlock> forged, bool repeatLast, ulong? claimedHead)
        {
            int served = 0;
            Receive<GetLightBlocks>(get =>
            {
                bool more = served < forged.Count || (repeatLast && forged.Count > 0);
                ulong head = claimedHead ?? checkpoint.Height + (more ? 1UL : 0UL);
                if (get.From == checkpoint.Height)
                    Sender.Tell(new LightBlocksServed(get.From, head, [Encode(checkpoint)]));
                else if (served < forged.Count)
                    Sender.Tell(new LightBlocksServed(get.From, head, [Encode(forged[served++])]));
                else if (more)
                    Sender.Tell(new LightBlocksServed(get.From, head, [Encode(forged[^1])]));
                else
                    Sender.Tell(new LightBlocksServed(get.From, claimedHead ?? checkpoint.Height, []));
            });
            Receive<GetAccountProof>(get =>
            {
                var proof = state.ProveAccount(Roko.Actors.Primitives.Address.Parse(get.Address));
                var raised = proof.Balance.BaseUnits + 1;
                Sender.Tell(new AccountProofServed(get.Height, get.Address, raised.ToString(), proof.Proof.Encode()));
            });
        }
    }

    private sealed class LyingFeed : ReceiveActor
    {
        public LyingFeed(ulong head) => Receive<SubscribeHeaders>(_ => Sender.Tell(new HeadersSubscribed(head)));
    }
}
