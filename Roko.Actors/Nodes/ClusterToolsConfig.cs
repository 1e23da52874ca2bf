using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;

namespace Roko.Actors.Nodes;

/// <summary>
/// Akka.Cluster.Tools' own reference configs (DistributedPubSub, ClusterClientReceptionist, ClusterSingleton: their
/// settings and, above all, their serializer bindings). The extensions inject them only when first used, which is
/// after the ActorSystem has read its serialization bindings, so a node's config carries them from the start.
/// </summary>
public static class ClusterToolsConfig
{
    public static Config Defaults { get; } = DistributedPubSub.DefaultConfig()
        .WithFallback(ClusterClientReceptionist.DefaultConfig())
        .WithFallback(ClusterSingleton.DefaultConfig());
}
