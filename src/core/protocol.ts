/**
 * The transport protocols a NetworkPolicy port can name.
 */
export enum Protocol {
  /** Transmission Control Protocol, the Kubernetes default. */
  TCP = 'TCP',
  /** User Datagram Protocol. */
  UDP = 'UDP',
  /** Stream Control Transmission Protocol. */
  SCTP = 'SCTP',
}
