import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { atPath } from '../core/checks';
import { Direction } from '../core/direction';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { NamespaceSelector, Selector } from '../core/selector';
import { intentName } from './private/names';
import { TargetProps } from './target-props';
import { checkProps } from '../core/props';

/**
 * Properties for `AllowFromNamespaces`.
 */
export interface AllowFromNamespacesProps extends TargetProps {
  /**
   * The namespaces allowed in, e.g. `NamespaceSelector.named('frontend')`
   * or `NamespaceSelector.labels({ team: 'payments' })`.
   */
  readonly namespaces: NamespaceSelector;

  /**
   * Only these pods of those namespaces (the AND form: one peer with both selectors).
   *
   * @default - every pod of those namespaces
   */
  readonly pods?: Selector;

  /**
   * The ports.
   *
   * @default - every port
   */
  readonly ports?: Port[];
}

/**
 * Selected pods accept connections from pods of other namespaces, chosen by
 * name or labels, optionally only some pods there.
 */
export class AllowFromNamespaces extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowFromNamespacesProps`).
   */
  constructor(scope: Construct, id: string, props: AllowFromNamespacesProps) {
    super(scope, id);
    checkProps(this.node.path, props, { namespaces: { type: NamespaceSelector, example: 'NamespaceSelector.named(\'monitoring\')' } }, ['namespaces']);
    const peer = atPath(this.node.path, () => props.pods ? Peer.podsIn(props.namespaces, props.pods) : Peer.namespaces(props.namespaces));
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), `allow-from-${peer._nameToken()}`),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [Direction.INGRESS],
      ingress: [{ peers: [peer], ports: props.ports }],
    });
  }
}
