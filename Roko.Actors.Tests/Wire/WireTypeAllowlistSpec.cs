using System.Collections.Immutable;
using Roko.Actors.Wire;
using Xunit;

namespace Roko.Actors.Tests.Wire;

public sealed class WireTypeAllowlistSpec
{
    private const string TestAssembly = "Roko.Actors.Tests";
    private const string ImmutableAssembly = "System.Collections.Immutable";

    private static readonly WireTypeAllowlist Allowlist = WireTypeAllowlist.Create(
        assemblies: [],
        additionalTypes: [typeof(AllowedRecord), typeof(List<>), typeof(Dictionary<string, int>)]);

    private static string Qualified<T>() => typeof(T).AssemblyQualifiedName!;

    [Fact]
    public void Allowlist_should_allow_a_generic_nesting_when_every_level_is_allowed()
    {
        Assert.True(Allowlist.Allows(typeof(List<ImmutableArray<AllowedRecord>>)));
        Assert.True(Allowlist.IsAllowed(Qualified<List<ImmutableArray<AllowedRecord>>>()));
        Assert.True(Allowlist.IsAllowed(Qualified<ImmutableList<List<UInt128>>>()));
    }

    [Fact]
    public void Allowlist_should_refuse_a_generic_nesting_when_an_inner_argument_is_not_allowed()
    {
        Assert.False(Allowlist.IsAllowed(Qualified<List<ImmutableArray<UnlistedRecord>>>()));
        Assert.False(Allowlist.IsAllowed(Qualified<ImmutableArray<List<Uri>>>()));
    }

    [Fact]
    public void Allowlist_should_refuse_a_generic_container_when_only_its_arguments_are_allowed()
    {
        Assert.False(Allowlist.IsAllowed(Qualified<HashSet<AllowedRecord>>()));
        Assert.False(Allowlist.IsAllowed(Qualified<Dictionary<string, long>>()));
    }

    [Fact]
    public void Allowlist_should_allow_a_closed_instantiation_when_it_is_listed_exactly()
    {
        Assert.True(Allowlist.IsAllowed(Qualified<Dictionary<string, int>>()));
    }

    [Fact]
    public void Allowlist_should_match_the_same_type_when_named_assembly_qualified_partly_qualified_or_plain()
    {
        Assert.True(Allowlist.IsAllowed(Qualified<AllowedRecord>()));
        Assert.True(Allowlist.IsAllowed($"{typeof(AllowedRecord).FullName}, {TestAssembly}"));
        Assert.True(Allowlist.IsAllowed(typeof(AllowedRecord).FullName!));
        Assert.False(Allowlist.IsAllowed($"{typeof(UnlistedRecord).FullName}, {TestAssembly}"));
    }

    [Fact]
    public void Allowlist_should_allow_a_nesting_when_named_in_hyperion_short_form()
    {
        var record = $"{typeof(AllowedRecord).FullName}, {TestAssembly}";
        var shortForm = $"System.Collections.Generic.List`1[[System.Collections.Immutable.ImmutableArray`1[[{record}]], {ImmutableAssembly}]],%core%";

        Assert.True(Allowlist.IsAllowed(shortForm));
        Assert.True(Allowlist.IsAllowed("System.UInt128,%core%"));
        Assert.False(Allowlist.IsAllowed(shortForm.Replace(nameof(AllowedRecord), nameof(UnlistedRecord))));
    }

    [Fact]
    public void Allowlist_should_allow_an_array_when_its_element_type_is_allowed()
    {
        Assert.True(Allowlist.Allows(typeof(byte[])));
        Assert.True(Allowlist.Allows(typeof(AllowedRecord[])));
        Assert.True(Allowlist.Allows(typeof(AllowedRecord[][])));
        Assert.True(Allowlist.Allows(typeof(List<AllowedRecord>[])));
        Assert.True(Allowlist.IsAllowed("System.Byte[],%core%"));
    }

    [Fact]
    public void Allowlist_should_refuse_an_array_when_its_element_is_unlisted_or_it_has_several_dimensions()
    {
        Assert.False(Allowlist.Allows(typeof(UnlistedRecord[])));
        Assert.False(Allowlist.Allows(typeof(AllowedRecord[,])));
        Assert.False(Allowlist.Allows(typeof(object[])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("System.Collections.Generic.List`1[[System.Int32")]
    [InlineData("System.Int32*")]
    [InlineData("System.Int32&")]
    [InlineData("System.Object")]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process")]
    public void Allowlist_should_refuse_a_name_when_it_is_malformed_or_unlisted(string typeName)
    {
        Assert.False(Allowlist.IsAllowed(typeName));
    }

    [Fact]
    public void Allowlist_should_allow_every_concrete_wire_message_when_its_assembly_is_scanned()
    {
        var scanned = WireTypeAllowlist.Create([typeof(WireAmount).Assembly], []);

        Assert.Contains(typeof(TransferAnnounced), scanned.MessageTypes);
        Assert.True(scanned.Allows(typeof(TransferAnnounced)));
        Assert.True(scanned.Allows(typeof(ImmutableArray<WireAmount>)));
        Assert.True(scanned.Allows(typeof(TransferKind)));
        Assert.False(scanned.Allows(typeof(AllowedRecord)));
    }

    [Fact]
    public void Field_inspection_should_name_the_field_when_a_message_declares_an_unlisted_field_type()
    {
        var uncovered = WireFieldInspection.UncoveredFields([typeof(MessageWithUnlistedField)], Allowlist.Allows);

        var line = Assert.Single(uncovered);
        Assert.Contains($"{nameof(MessageWithUnlistedField)}.{nameof(MessageWithUnlistedField.Hidden)}:", line);
        Assert.Contains(typeof(UnlistedRecord).FullName!, line);
    }
}
