namespace Roko.Actors.Tests; public class Smoke { [Xunit.Fact] public void Ok() => Xunit.Assert.True(true); }
