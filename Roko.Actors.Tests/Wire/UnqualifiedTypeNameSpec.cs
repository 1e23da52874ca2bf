using System.Collections.Immutable;
using Roko.Actors.Wire;
using Xunit;

namespace Roko.Actors.Tests.Wire;

public sealed class UnqualifiedTypeNameSpec
{
    [Fact]
    public void Unqualified_name_should_drop_assemblies_at_every_level_when_parsed_from_an_assembly_qualified_name()
    {
        var name = UnqualifiedTypeName.Of(typeof(Dictionary<string, ImmutableArray<AllowedRecord>>[]));

        Assert.Equal(
            "System.Collections.Generic.Dictionary`2[[System.String],[System.Collections.Immutable.ImmutableArray`1[[Roko.Actors.Tests.Wire.AllowedRecord]]]][]",
            name.ToString());
    }

    [Fact]
    public void Unqualified_name_should_equal_the_assembly_qualified_one_when_parsed_from_a_plain_generic_name()
    {
        Assert.True(UnqualifiedTypeName.TryParse("System.Collections.Generic.List`1[System.Int32]", out var plain));

        Assert.Equal(UnqualifiedTypeName.Of(typeof(List<int>)).ToString(), plain.ToString());
    }

    [Fact]
    public void Unqualified_name_should_keep_nested_type_names_when_parsed()
    {
        Assert.True(UnqualifiedTypeName.TryParse("Outer+Inner, Some.Assembly, Version=1.2.3.4", out var nested));

        Assert.Equal("Outer+Inner", nested.ToString());
    }
}
