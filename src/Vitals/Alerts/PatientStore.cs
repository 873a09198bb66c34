using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Vitals.Alerts;

/// <summary>A key-value store keyed by patient id whose entry the alert stage deletes when it forgets a patient (discharged, or silent too long).</summary>
internal abstract class PatientStore
{
    public abstract string Name { get; }

    /// <summary>A store of <typeparamref name="TValue"/> values.</summary>
    public static PatientStore Of<TValue>(string name) => new Typed<TValue>(name);

    /// <summary>The delete of the patient's entry, in the processor's task.</summary>
    public abstract Action<string> Bind<TOut>(IFixedKeyProcessorContext<string, TOut> context);

    private sealed class Typed<TValue>(string name) : PatientStore
    {
        public override string Name => name;

        public override Action<string> Bind<TOut>(IFixedKeyProcessorContext<string, TOut> context)
        {
            var store = context.GetStateStore<IKeyValueStore<string, TValue>>(name);
            return patient => store.Delete(patient);
        }
    }
}
