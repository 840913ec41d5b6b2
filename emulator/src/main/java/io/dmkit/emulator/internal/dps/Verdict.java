package io.dmkit.emulator.internal.dps;

/** What {@link AttestationCheck} decided about a registration: {@link Attested} or {@link Refused}. */
sealed interface Verdict permits Attested, Refused {
}
