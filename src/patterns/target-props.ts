import { Selector } from '../core/selector';

/**
 * The pods a pattern applies to, and where.
 *
 * Shared by the patterns that render one policy.
 */
export interface TargetProps {
  /**
   * The pods the policy applies to.
   *
   * @default Selector.all()
   */
  readonly selector?: Selector;

  /**
   * The namespace of the pods.
   *
   * @default - the namespace `selector` carries, else the chart's namespace
   */
  readonly namespace?: string;

  /**
   * `metadata.name` of the policy.
   *
   * @default - the intent, prefixed with the selector when it is not every pod,
   * e.g. "allow-dns-egress" or "web-allow-dns-egress"
   */
  readonly name?: string;
}
