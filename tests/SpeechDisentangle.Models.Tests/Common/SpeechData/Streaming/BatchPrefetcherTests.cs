using SpeechDisentangle.Models.Common.SpeechData.Streaming;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData.Streaming;

public sealed class BatchPrefetcherTests
{
    sealed class State : IDisposable
    {
        public bool Disposed { get; private set; }
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void Loader_NeverRunsMoreThanTheQueueBoundPlusOneAhead_AndItemsComeInOrder()
    {
        const int capacity = 3;
        // begun counts Take calls begun, so it is never below the items dequeued: load(i) starts only after item i-1
        // entered the queue, when at least i - capacity items were dequeued, hence i - begun <= capacity on any schedule.
        int begun = 0, ahead = 0;
        State? state = null;
        var items = new List<int>();
        using (var prefetcher = new BatchPrefetcher<State, int>(40, capacity, () => state = new State(), (_, i) =>
               {
                   ahead = Math.Max(ahead, i - Volatile.Read(ref begun));
                   return i;
               }))
        {
            // Let the loader fill the queue before anything is taken.
            SpinWait.SpinUntil(() => ahead >= capacity, TimeSpan.FromSeconds(30)).Should().BeTrue("the loader runs ahead on its own thread");
            for (int i = 0; i < 40; i++)
            {
                Interlocked.Increment(ref begun);
                items.Add(prefetcher.Take());
            }
        }
        items.Should().Equal(Enumerable.Range(0, 40));
        ahead.Should().Be(capacity, "the loader filled the queue before the first Take and item i is loaded only once i - capacity items were taken");
        state!.Disposed.Should().BeTrue();
    }

    [Fact]
    public void LoaderFailure_IsRethrownByTake_WithItsMessage()
    {
        using var prefetcher = new BatchPrefetcher<State, int>(5, 2, () => new State(),
            (_, i) => i == 2 ? throw new InvalidDataException("feats.scp:3: cannot read features of 'u3'") : i);
        prefetcher.Take().Should().Be(0);
        prefetcher.Take().Should().Be(1);
        var take = () => prefetcher.Take();
        take.Should().Throw<InvalidDataException>().WithMessage("*feats.scp:3*u3*");
    }

    [Fact]
    public void Dispose_StopsALoaderBlockedOnAFullQueue()
    {
        var state = new State();
        var prefetcher = new BatchPrefetcher<State, int>(1000, 1, () => state, (_, i) => i);
        prefetcher.Take().Should().Be(0);
        prefetcher.Dispose();
        state.Disposed.Should().BeTrue("the loader thread ended and closed its state");
    }
}
