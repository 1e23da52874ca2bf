namespace Roko.Actors.Devnet;

/// <summary>
/// The network one `roko devnet` run starts: what the flags asked for, over the HOCON defaults (<see cref="DevnetDefaults"/>,
/// <see cref="DevnetSettings.TxRate"/>), over what an existing data dir already holds (its validator count). Pure.
/// Node indices run validators first (0 .. Validators-1), then archives; node i serves HTTP on HttpPort + i.
/// </summary>
public sealed record DevnetPlan(int Validators, int Archives, bool Wan, double TxRate, int HttpPort, int Light = 0)
{
    /// <summary>
    /// Resolves the plan. <paramref name="existingValidators"/> is the validator count of the data dir's genesis, or null for
    /// a new network; asking an existing network for another count is refused (its genesis fixes it).
    /// </summary>
    public static DevnetPlan Resolve(DevnetOptions options, DevnetDefaults defaults, DevnetSettings settings, int? existingValidators)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(settings);
        if (options.Validators is < 1) throw new DevnetException($"--validators must be at least 1 (got {options.Validators})");
        if (options.Archives is < 0) throw new DevnetException($"--archive must be >= 0 (got {options.Archives})");
        if (options.Light is < 0) throw new DevnetException($"--light must be >= 0 (got {options.Light})");
        if (options.TxRate is < 0) throw new DevnetException($"--tx-rate must be >= 0 (got {options.TxRate})");
        if (existingValidators is { } count && options.Validators is { } asked && asked != count)
            throw new DevnetException($"the network in {options.DataDir} has {count} validator(s); --validators {asked} cannot change an existing network (use another --data-dir)");

        var plan = new DevnetPlan(
            existingValidators ?? options.Validators ?? defaults.Validators,
            options.Archives ?? defaults.Archives,
            options.Wan ?? defaults.Wan,
            options.TxRate ?? settings.TxRate,
            options.HttpPort ?? defaults.HttpPort,
            options.Light ?? defaults.Light);
        if (plan.HttpPort < 0 || (plan.HttpPort > 0 && plan.HttpPort + plan.NodeCount - 1 > System.Net.IPEndPoint.MaxPort))
            throw new DevnetException($"--http-port {plan.HttpPort} (default roko.devnet.http-port): the ports P .. P+{plan.NodeCount - 1} of " +
                                      $"{plan.NodeCount} node(s) must lie between 1 and {System.Net.IPEndPoint.MaxPort}; 0 picks free ports");
        return plan;
    }

    /// <summary>Every node the plan starts: validators, then archives.</summary>
    public int NodeCount => Validators + Archives;

    /// <summary>Validator i's region: round-robin na, eu, apac (so 6 validators are two per region).</summary>
    public string ValidatorRegion(int validatorIndex) => DevnetLayout.RegionOf(validatorIndex);

    /// <summary>Archive j's region: round-robin too, starting again at na.</summary>
    public string ArchiveRegion(int archiveIndex) => DevnetLayout.RegionOf(archiveIndex);

    /// <summary>The HTTP port of node <paramref name="nodeIndex"/> (validators first, then archives); 0 = a free port.</summary>
    public int HttpPortOf(int nodeIndex) => HttpPort == 0 ? 0 : HttpPort + nodeIndex;

    /// <summary>The HTTP port of archive <paramref name="archiveIndex"/>.</summary>
    public int ArchiveHttpPort(int archiveIndex) => HttpPortOf(Validators + archiveIndex);
}
