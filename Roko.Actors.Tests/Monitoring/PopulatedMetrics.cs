using Roko.Actors.Mempool;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Time.Wire;

namespace Roko.Actors.Tests.Monitoring;

/// <summary>Gives every instrument of a node's metrics at least one value.</summary>
internal static class PopulatedMetrics
{
    public static RokoMetrics Populate(this RokoMetrics metrics)
    {
        metrics.SetPeerCount(7);
        metrics.RecordMessage(TrafficDirection.Inbound, 1_200);
        metrics.RecordMessage(TrafficDirection.Inbound, 800);
        metrics.RecordMessage(TrafficDirection.Outbound, 500);
        metrics.SetLatency(TimeSpan.FromMilliseconds(12), TimeSpan.FromMilliseconds(140));
        metrics.RecordRateLimited(GuardPath.PeerSession);
        metrics.RecordBlacklisting(GuardPath.PeerSession);
        metrics.RecordMonitoringRefused();
        metrics.RecordEnvelopeRejected(EnvelopeRejection.BadSignature);
        metrics.RecordEnvelopeRejected(EnvelopeRejection.FromTheFuture);
        metrics.RecordRttTableRejected(RttTableRejection.TooManyUnknownPeers);
        metrics.RecordHandshakeRefused(HandshakeRefusal.CertificateKeyMismatch);
        metrics.RecordSessionSignalRefused(SessionSignalKind.Pong, SessionSignalRejection.SignerMismatch);
        metrics.RecordBlockCommitted(41, TimeSpan.FromMilliseconds(400));
        metrics.RecordBlockCommitted(42, TimeSpan.FromMilliseconds(1_500));
        metrics.RecordFinality(TimeSpan.FromMilliseconds(900));
        metrics.SetValidatorParticipation(0.75, ["validator-4"]);
        metrics.SetForks(1, 1);
        metrics.RecordRound(TimeSpan.FromMilliseconds(700));
        metrics.RecordStep("Propose", TimeSpan.FromMilliseconds(3));
        metrics.RecordStep("prevote", TimeSpan.FromMilliseconds(40));
        metrics.RecordAdmission(AdmissionResult.Accepted);
        metrics.RecordAdmission(new AdmissionResult(AdmissionCode.BadSignature, "signature does not verify"));
        metrics.SetTimeDriftNanos(-2_500);
        metrics.SetSyncAccuracyNanos(10_000);
        metrics.SetAttestationRate(0.9);
        metrics.RecordTimeAttestationVerified();
        metrics.RecordTimeReplyRefused(AttestationRefusal.BadSignature);
        metrics.SetTimeFalsetickers(["akka.tcp://roko@10.0.0.9:4053"]);
        metrics.SetTimeCardFalseticker(false);
        return metrics;
    }
}
