using FluentAssertions;
using SpeechDisentangle.Models.Common.SpeechData;
using Xunit;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData;

public sealed class EveryNthUtteranceTests
{
    [Fact]
    public void Split_TakesEveryNthOfEachSpeakerInIdOrder_WhateverOrderTheyCameIn()
    {
        (string Spk, string Utt)[] utts =
            [("b", "b3"), ("a", "a2"), ("a", "a1"), ("b", "b1"), ("a", "a4"), ("a", "a3"), ("b", "b2"), ("a", "a5"), ("a", "a6")];

        var (others, test) = EveryNthUtterance.Split(utts.GroupBy(u => u.Spk), u => u.Utt, every: 3);

        test.Select(u => u.Utt).Should().Equal("b3", "a3", "a6");
        others.Select(u => u.Utt).Should().Equal("b1", "b2", "a1", "a2", "a4", "a5");
    }

    [Fact]
    public void IsTest_MarksTheEveryThPosition_NotTheFirst()
    {
        Enumerable.Range(0, 10).Where(i => EveryNthUtterance.IsTest(i, 5)).Should().Equal(4, 9);
    }
}
