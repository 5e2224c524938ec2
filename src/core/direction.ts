/**
 * A direction of traffic relative to the selected pods, as `policyTypes`
 * spells it: what a policy isolates, and what a rule governs.
 */
export enum Direction {
  /** Traffic arriving at the selected pods (`spec.ingress`, peers in `from`). */
  INGRESS = 'Ingress',
  /** Traffic leaving the selected pods (`spec.egress`, peers in `to`). */
  EGRESS = 'Egress',
}
