import type { ReactNode } from 'react';
import './ViewHeader.css';

/** The bar at the top of each view: title, search, and the view's main actions. */
export function ViewHeader({ title, children }: { title: string; children?: ReactNode }): React.JSX.Element {
  return (
    <header className="view-header">
      <h1>{title}</h1>
      {children}
    </header>
  );
}
