using Akka.Configuration;
using Roko.Actors.Nodes;

namespace Roko.Actors.Tests.Support;

/// <summary>
/// The config of a client ActorSystem outside the cluster (provider = remote), as the multi-node specs run one: its
/// remoting binds <paramref name="host"/> on a free port with the trttl adapter (the validators' test config uses it),
/// the roko wire serializer for payloads and Akka.Cluster.Tools' serializers for the ClusterClient tunnel.
/// </summary>
public static class ClientSystemConfig
{
    public static Config For(string host) => ConfigurationFactory.ParseString($$"""
        akka {
          actor.provider = remote
          loglevel = WARNING
          loggers = ["Roko.Actors.Tests.MultiNode.TestOutputLogger, Roko.Actors.Tests"]
          remote.dot-netty.tcp {
            hostname = "{{host}}"
            port = 0
            applied-adapters = [trttl]
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """).WithFallback(RokoConfig.Defaults).WithFallback(ClusterToolsConfig.Defaults);
}
