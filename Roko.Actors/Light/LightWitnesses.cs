using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Event;
using Roko.Actors.Hardware.Time;
using Roko.Actors.LightClient;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;
using static Roko.Actors.Light.LightWitnessesProtocol;

namespace Roko.Actors.Light;

/// <summary>
/// /user/light/witnesses: one ClusterClient per witness (contacts other than the light node's primary). It fans a
/// cross-check or a probe out to every witness (each asked for one light block, within <c>request-timeout</c>), judges
/// the answers with the pure <see cref="WitnessCrossCheck"/> and <see cref="HeaderVerifier"/>, and answers the light
/// node. It holds no trust of its own: the light node decides what to trust. A restart recreates the clients on the
/// next <see cref="UseWitnesses"/>.
/// </summary>
public sealed class LightWitnesses : ReceiveActor
{
    private readonly LightNodeSettings _settings;
    private readonly Func<NanoMoment> _now;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<(string Name, IActorRef Client)> _clients = [];
    private int _created;

    // Its children are one ClusterClient per witness: Akka's default decider, named on purpose (a failed start, a Kill or
    // a dead watched actor stops the client; any other failure restarts it, without limit).
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Akka.Actor.SupervisorStrategy.DefaultDecider);

    public static Props Props(LightNodeSettings settings, Func<NanoMoment> now) => Akka.Actor.Props.Create(() => new LightWitnesses(settings, now));

    public LightWitnesses(LightNodeSettings settings, Func<NanoMoment> now)
    {
        _settings = settings;
        _now = now;
        Receive<UseWitnesses>(Use);
        Receive<CrossCheck>(c =>
        {
            var replyTo = Sender;
            Gather(c.FromPrimary.Height).PipeTo(Self, success: answers => new Gathered(c, replyTo, answers));
        });
        Receive<Gathered>(OnGathered);
        Receive<ProbeAhead>(p =>
        {
            var replyTo = Sender;
            Gather(p.Height).PipeTo(Self, success: answers => new Probed(p, replyTo, answers));
        });
        Receive<Probed>(OnProbed);
        Receive<ReportConflict>(Report);
    }

    private void Use(UseWitnesses use)
    {
        var wanted = use.Witnesses.Select(p => p.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _clients.Where(c => !wanted.Contains(c.Name)).ToList())
        {
            Context.Stop(gone.Client);
            _clients.Remove(gone);
        }
        foreach (var path in use.Witnesses.Where(p => _clients.All(c => c.Name != p.ToString())))
        {
            var settings = ClusterClientSettings.Create(Context.System).WithInitialContacts([path]);
            _clients.Add((path.ToString(), Context.ActorOf(ClusterClient.Props(settings), $"witness-{++_created}")));
        }
        if (_clients.Count > 0) _log.Info("Light node: witnesses {0}", string.Join(", ", _clients.Select(c => c.Name)));
    }

    /// <summary>Every witness's light block at <paramref name="height"/>, null for one that has none, fails or is late.</summary>
    private Task<(string Witness, LightBlock? Block)[]> Gather(ulong height) =>
        Task.WhenAll(_clients.Select(async c =>
        {
            try
            {
                var answer = await c.Client.Ask<object>(new ClusterClient.Send(LightAccessPath, new GetLightBlocks(height, 1), localAffinity: true),
                    _settings.RequestTimeout);
                return (c.Name, answer is LightBlocksServed { Blocks: [var first, ..] } ? Decode(first) : null);
            }
            catch (Exception)
            {
                // No answer in time, a failed send or an answer that does not decode: this witness is silent this time.
                return (c.Name, (LightBlock?)null);
            }
        }));

    private static LightBlock Decode(EncodedLightBlock b) => LightBlockEncoding.Decode(b.Header, b.Certificate, b.Validators);

    private void OnGathered(Gathered gathered)
    {
        var check = gathered.Check;
        var outcome = WitnessCrossCheck.Check(check.Trusted, check.FromPrimary, gathered.Answers, _now(), _settings.Verification);
        foreach (var (witness, why) in outcome.Faulty)
            _log.Warning("Light node: witness {0} served a header at height {1} that does not verify: {2}", witness, check.FromPrimary.Height, why);
        int answered = gathered.Answers.Count(a => a.Block is not null);
        gathered.ReplyTo.Tell(new CrossChecked(check.Generation, check.FromPrimary, outcome, answered));
    }

    private void OnProbed(Probed probed)
    {
        var probe = probed.Probe;
        foreach (var (witness, block) in probed.Answers)
        {
            if (block is null || block.Height != probe.Height) continue;
            if (HeaderVerifier.Verify(probe.Trusted, block, _now(), _settings.Verification) is { } why)
            {
                _log.Warning("Light node: witness {0} served a header at height {1} that does not verify: {2}", witness, probe.Height, why);
                continue;
            }
            probed.ReplyTo.Tell(new AheadProven(probe.Generation, witness, probe.Height));
            return;
        }
    }

    private void Report(ReportConflict conflict)
    {
        var message = new ReportConflictingBlocks(Encode(conflict.First), Encode(conflict.Second));
        foreach (var (_, client) in _clients) client.Tell(new ClusterClient.Send(LightAccessPath, message, localAffinity: true));
    }

    public static EncodedLightBlock Encode(LightBlock b) =>
        new(b.Header.Encode(), LightBlockEncoding.EncodeCertificate(b.Commit), LightBlockEncoding.EncodeValidators(b.Validators));
}
