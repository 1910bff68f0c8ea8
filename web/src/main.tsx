// The viewer: hash routes → pages; header with navigation and the dark/light toggle.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { installKeys } from './keys';
import { Compare } from './pages/Compare';
import { Curated } from './pages/Curated';
import { Gaps } from './pages/Gaps';
import { Loops } from './pages/Loop';
import { Run } from './pages/Run';
import { Runs } from './pages/Runs';
import { Sample } from './pages/Sample';
import { href, useRoute } from './route';
import './style.css';

function Theme() {
  const [t, setT] = useState(document.documentElement.dataset.theme ?? 'light');
  const flip = () => {
    const n = t === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = n;
    localStorage.setItem('rlcf-theme', n);
    setT(n);
  };
  return <button class="theme" data-testid="theme-toggle" onClick={flip} title="dark / light">{t === 'dark' ? '☀ light' : '☾ dark'}</button>;
}

function App() {
  const route = useRoute();
  const page = route.parts[0] ?? 'runs';
  let body;
  if (page === 'run' && route.parts[1]) body = <Run route={route} />;
  else if (page === 'sample' && route.parts[1]) body = <Sample route={route} />;
  else if (page === 'compare') body = <Compare route={route} />;
  else if (page === 'curated') body = <Curated route={route} />;
  else if (page === 'gaps') body = <Gaps />;
  else if (page === 'loops') body = <Loops route={route} />;
  else body = <Runs />;
  return (
    <>
      <header>
        <a class="brand" href={href([])}>rlcf</a>
        <nav>
          <a href={href([])} class={page === 'runs' ? 'on' : ''}>Runs</a>
          <a href={href(['compare'])} class={page === 'compare' ? 'on' : ''}>Compare</a>
          <a href={href(['curated'])} class={page === 'curated' ? 'on' : ''}>Curated datasets</a>
          <a href={href(['gaps'])} class={page === 'gaps' ? 'on' : ''}>Gaps</a>
          <a href={href(['loops'])} class={page === 'loops' ? 'on' : ''}>Loops</a>
        </nav>
        <Theme />
      </header>
      <main>{body}</main>
    </>
  );
}

installKeys();
render(<App />, document.getElementById('app')!);
